/**
 * A form widget that someone else's lock on its field makes read-only,
 * with the holder named. Only the item's own fields in the open editor:
 * widgets of block settings (they have a `block`) and of other forms are
 * left as they are.
 */
import React from 'react';
import { useSelector } from 'react-redux';
import { holderOf } from '../reducer';
import HolderMark from './HolderMark';

export default function withFieldLock(Widget) {
  if (!Widget || Widget.collectiveLocking) return Widget;
  function LockAwareWidget(props) {
    const holder = useSelector((state) =>
      props.block ? null : holderOf(state.collectiveLocking, props.id),
    );
    if (!holder) return <Widget {...props} />;
    return (
      <div className="collective-locking-held-field" data-field={props.id}>
        <Widget {...props} isDisabled />
        {/* A whole-item lock is named once, above the page. */}
        {holder.kind !== 'resource' && <HolderMark holder={holder} />}
      </div>
    );
  }
  LockAwareWidget.displayName = `withFieldLock(${
    Widget.displayName || Widget.name || 'Widget'
  })`;
  LockAwareWidget.collectiveLocking = true;
  return LockAwareWidget;
}
