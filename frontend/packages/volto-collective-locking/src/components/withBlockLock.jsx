/**
 * A block's edit component that someone else's lock makes read-only: the
 * block's view, marked with the holder's name, instead of its editor.
 */
import React from 'react';
import { useSelector } from 'react-redux';
import { fragmentOfBlock } from '../fragments';
import { holderOf } from '../reducer';
import HolderMark from './HolderMark';

export default function withBlockLock(Edit, View) {
  function LockAwareBlockEdit(props) {
    const blockId = props.block || props.id;
    const holder = useSelector((state) => {
      const locking = state.collectiveLocking;
      if (!locking?.active) return null;
      const fragment = fragmentOfBlock(
        blockId,
        props.data,
        locking.baseline.blocks || {},
      );
      return holderOf(locking, fragment);
    });
    if (!holder || !View) return <Edit {...props} />;
    return (
      <div className="collective-locking-held" data-block={blockId}>
        <HolderMark holder={holder} />
        <View {...props} />
      </div>
    );
  }
  LockAwareBlockEdit.displayName = `withBlockLock(${
    Edit.displayName || Edit.name || 'BlockEdit'
  })`;
  LockAwareBlockEdit.collectiveLocking = true;
  return LockAwareBlockEdit;
}
