/**
 * How Volto's editor takes, keeps and gives back locks, as Redux
 * middleware around Volto's own actions (no Volto file is changed):
 *
 * - LOCK_CONTENT (the edit view opening): when the backend has
 *   collective.locking (its GET @lock answers a `fragments` key) no
 *   whole-item lock is taken; otherwise Volto's request goes on as stock.
 * - SET_UI_STATE (a block selected): lock that block (or the field a title
 *   or description block edits); give back the one left, if untouched.
 * - SET_FORM_DATA (any change): lock what changed; undo a change to
 *   something another editor holds.
 * - UPDATE_CONTENT (save): a merge patch of the editor's own changes, with
 *   its tokens and X-Plone-Unlock.
 * - UPDATE_CONTENT_FAIL: the refusal in words, for Volto's own message.
 */
import {
  LOCK_CONTENT,
  SET_FORM_DATA,
  SET_UI_STATE,
  UNLOCK_CONTENT,
  UPDATE_CONTENT,
} from '@plone/volto/constants/ActionTypes';
import { pathOfLockRequest, readLocks, startEditing } from './collection';
import { intlOf } from './context';
import { retryOnConflict, save } from './saving';
import { blockSelected, guardChanges } from './taking';
import { describeRefusal } from './words';

export { readLocks } from './collection';
export { settings } from './context';

/** Whether `action` acts on the item the add-on's editor has open. */
function onOpenItem(state, action) {
  const locking = state.collectiveLocking;
  if (!locking?.active || Array.isArray(action.request)) return false;
  const path = pathOfLockRequest(action.request);
  return path === locking.path;
}

export const lockingMiddleware = (store) => (next) => (action) => {
  if (!action || typeof action !== 'object') return next(action);
  const state = store.getState();
  switch (action.type) {
    case LOCK_CONTENT:
      return startEditing(store, next, action);
    case UNLOCK_CONTENT:
      // The editor's locks go when the editor is left (see LockingEditor).
      if (onOpenItem(state, action)) return Promise.resolve({});
      return next(action);
    case SET_UI_STATE:
      if (state.collectiveLocking?.active && 'selected' in (action.ui || {})) {
        const before = state.form?.ui?.selected;
        const result = next(action);
        if (action.ui.selected !== before)
          blockSelected(store, before, action.ui.selected);
        return result;
      }
      return next(action);
    case SET_FORM_DATA:
      if (state.collectiveLocking?.active && !action.fromStoredItem) {
        return next(guardChanges(store, action));
      }
      return next(action);
    case UPDATE_CONTENT:
      if (onOpenItem(state, action)) return save(store, next, action);
      return next(action);
    default:
      return next(action);
  }
};

/**
 * Placed after Volto's api middleware: puts a refused save into words
 * before Volto's edit view shows it.
 */
export const refusalMiddleware = (store) => (next) => (action) => {
  if (action?.type === `${UPDATE_CONTENT}_FAIL`) {
    const state = store.getState();
    if (state.collectiveLocking?.active && retryOnConflict(store, action)) {
      return undefined; // Volto's editor keeps waiting for the retry
    }
    if (state.collectiveLocking?.active) {
      const words = describeRefusal(intlOf(state), action.error, {
        schema: state.schema?.schema,
        data: state.form?.global,
      });
      if (words) {
        const error = action.error || {};
        const response = error.response || {};
        const body = response.body || {};
        action = {
          ...action,
          error: {
            ...error,
            response: {
              ...response,
              body: {
                ...body,
                error: { ...(body.error || {}), message: words },
              },
            },
          },
        };
      }
      // Who holds what now (a broken lock shows at once).
      setTimeout(() => readLocks(store), 0);
    }
  }
  return next(action);
};
