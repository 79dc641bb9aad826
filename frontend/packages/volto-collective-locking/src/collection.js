/**
 * What the open editor reads: the item's lock collection (GET @lock) and,
 * when others let go of blocks or fields, the values they stored.
 */
import isEmpty from 'lodash/isEmpty';
import { setFormData } from '@plone/volto/actions/form/form';
import { getLockCollection, getStoredContent } from './actions';
import { BASELINE_UPDATED, EDITING_STARTED, LOCKS_READ } from './constants';
import { takeFromServer } from './fragments';

/** Whether a GET @lock answer comes from collective.locking (it has the
 * item's fragment locks), not from plone.restapi's own @lock. */
export const fromCollectiveLocking = (collection) =>
  !!collection && typeof collection.fragments === 'object';

export const pathOfLockRequest = (request) =>
  typeof request?.path === 'string'
    ? request.path.replace(/\/@lock$/, '')
    : null;

export async function startEditing(store, next, action) {
  const path = pathOfLockRequest(action.request);
  // The site root's path is ''.
  if (path === null || Array.isArray(action.request)) return next(action);
  let collection;
  try {
    collection = await store.dispatch(getLockCollection(path));
  } catch (error) {
    return next(action);
  }
  if (!fromCollectiveLocking(collection)) {
    // No collective.locking on this site: Volto's own whole-item lock.
    return next(action);
  }
  const content = store.getState().content?.data || {};
  store.dispatch({
    type: EDITING_STARTED,
    path,
    collection,
    baseline: { ...content },
  });
  return collection;
}

/** Read GET @lock into the editor's state; bring in what others freed. */
export async function readLocks(store) {
  const { path, active } = store.getState().collectiveLocking;
  if (!active) return;
  const askedAt = Date.now();
  let collection;
  try {
    collection = await store.dispatch(getLockCollection(path));
  } catch (error) {
    return;
  }
  store.dispatch({ type: LOCKS_READ, path, collection, askedAt });
  const locking = store.getState().collectiveLocking;
  if (locking.freed.length) await takeStored(store, locking.freed);
}

/**
 * Take the stored values of `fragments` (others saved them and let go)
 * into the form, unless the editor changed them meanwhile.
 */
export async function takeStored(store, fragments) {
  const { path, edited } = store.getState().collectiveLocking;
  const wanted = fragments.filter((fragment) => !edited[fragment]);
  let fresh;
  try {
    fresh = await store.dispatch(getStoredContent(path));
  } catch (error) {
    return;
  }
  const state = store.getState();
  const locking = state.collectiveLocking;
  if (!locking.active || locking.path !== path) return;
  const { data, baseline } = takeFromServer(
    state.form?.global || {},
    locking.baseline,
    fresh,
    wanted,
  );
  store.dispatch({ type: BASELINE_UPDATED, baseline });
  if (!isEmpty(state.form?.global)) {
    store.dispatch({ ...setFormData(data), fromStoredItem: true });
  }
}
