/**
 * What a lock on the item means to Volto, once collective.locking answers.
 *
 * Stock Volto reads any lock of someone else's as "the page is taken": its
 * toolbar swaps the pencil for "Unlock" (which would break every lock on
 * the item) and a toast says the item is locked; and Plone itself hides the
 * "Edit" action (`@@plone_lock_info/is_locked_for_current_user`), so the
 * editor would show "Forbidden". With collective.locking, others holding
 * some blocks or fields leave the rest of the page open: when the item is
 * locked by someone else and the backend's GET @lock has `fragments`,
 *
 * - a page held only in part reads as not locked (no "Unlock", no toast);
 * - a user who may take the lock over (the lock info's `stealable`: they
 *   may modify the item) gets the "Edit" action back: the editor opens,
 *   with the held parts (or, for a whole-item lock, everything) read-only.
 *
 * Asked only then: one GET @lock when a page someone else is editing loads.
 */
import { useEffect, useRef } from 'react';
import { useDispatch, useSelector } from 'react-redux';
import { GET_CONTENT, LIST_ACTIONS } from '@plone/volto/constants/ActionTypes';
import { flattenToAppURL } from '@plone/volto/helpers/Url/Url';
import { getLockCollection } from '../actions';
import { fromCollectiveLocking } from '../collection';

export const EDIT_ACTION = { icon: '', id: 'edit', title: 'Edit' };

export default function ItemLockInfo() {
  const dispatch = useDispatch();
  const loggedIn = useSelector((state) => !!state.userSession?.token);
  const content = useSelector((state) => state.content?.data);
  const asked = useRef(null);
  const lock = content?.lock;
  const lockedByOther = loggedIn && lock?.locked && !lock.token;

  useEffect(() => {
    if (!lockedByOther || asked.current === content) return;
    asked.current = content;
    const path = flattenToAppURL(content['@id']);
    dispatch(getLockCollection(path))
      .then((collection) => {
        if (!fromCollectiveLocking(collection)) return;
        if (!collection.locked) {
          const result = {
            ...content,
            lock: { locked: false, stealable: true },
          };
          asked.current = result;
          dispatch({ type: `${GET_CONTENT}_SUCCESS`, result });
        }
        // Read after the content: its @components may carry the actions.
        return dispatch((_, getState) => {
          const actions = getState().actions?.actions || {};
          const object = actions.object || [];
          if (!lock.stealable || object.some((action) => action.id === 'edit'))
            return;
          dispatch({
            type: `${LIST_ACTIONS}_SUCCESS`,
            result: { ...actions, object: [...object, EDIT_ACTION] },
          });
        });
      })
      .catch(() => {});
  }, [lockedByOther, content, dispatch]);

  return null;
}
