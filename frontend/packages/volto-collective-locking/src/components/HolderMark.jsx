/**
 * "Being edited by Alice Liddell until 12:12": the mark on a block or a
 * field that someone else holds.
 */
import React from 'react';
import { useIntl } from 'react-intl';
import { messages, nameOf, timeOf } from '../words';

export default function HolderMark({ holder }) {
  const intl = useIntl();
  return (
    <div className="collective-locking-mark" role="status">
      {intl.formatMessage(messages.blockHeld, {
        name: nameOf(holder),
        time: timeOf(holder.expires, intl.locale),
      })}
    </div>
  );
}
