/**
 * A message for the editor, through Volto's own toasts. One toast per
 * subject at a time (`key`): a repeated refusal does not pile up.
 */
import React from 'react';
import { toast } from 'react-toastify';
import Toast from '@plone/volto/components/manage/Toast/Toast';

export function tell(key, title, content, { kind = 'warning' } = {}) {
  if (typeof window === 'undefined') return;
  const props = { title, content, [kind]: true };
  const id = `collective-locking-${key}`;
  if (toast.isActive(id)) {
    toast.update(id, { render: <Toast {...props} /> });
  } else {
    toast[
      kind === 'error' ? 'error' : kind === 'success' ? 'success' : 'warning'
    ](<Toast {...props} />, { toastId: id });
  }
}
