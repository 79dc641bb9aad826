/**
 * Save: a merge patch of the editor's own work, sent with its tokens and
 * X-Plone-Unlock; sent again after a 503.
 */
import isEmpty from 'lodash/isEmpty';
import { UPDATE_CONTENT } from '@plone/volto/constants/ActionTypes';
import { EDITING_ENDED } from './constants';
import { LAYOUT, mergePatch } from './fragments';
import { tokensOf } from './reducer';

/**
 * Save: the merge patch of the editor's own changes (edited or held),
 * every token the editor holds, and X-Plone-Unlock so that the save gives
 * the locks back in the same transaction.
 */
export async function save(store, next, action) {
  const state = store.getState();
  const locking = state.collectiveLocking;
  const current = isEmpty(state.form?.global)
    ? { ...locking.baseline, ...action.request.data }
    : state.form.global;
  const own = { ...locking.mine, ...locking.edited };
  const full = mergePatch(locking.baseline, current);
  const patch = {};
  Object.entries(full).forEach(([key, value]) => {
    if (key === 'blocks') {
      const blocks = {};
      Object.entries(value).forEach(([id, block]) => {
        const isNew = !(id in (locking.baseline.blocks || {}));
        if (isNew || own[`blocks/${id}`] || (block === null && own[LAYOUT])) {
          blocks[id] = block;
        }
      });
      if (!isEmpty(blocks)) patch.blocks = blocks;
    } else if (own[key] || key === 'id') {
      patch[key] = value;
    }
  });
  const tokens = tokensOf(locking);
  const request = {
    ...action.request,
    data: patch,
    type: 'application/merge-patch+json',
    headers: {
      ...(tokens.length && { 'Lock-Token': tokens.join(', ') }),
      'X-Plone-Unlock': 'true',
    },
  };
  // Volto's api middleware rejects on a refusal: the editor stays open,
  // its locks and changes with it.
  const result = await next({
    ...action,
    request,
    // Carried to the _FAIL action by Volto's api middleware (a retry on 503).
    collectiveLockingRequest: action.collectiveLockingRequest || action.request,
  });
  store.dispatch({ type: EDITING_ENDED, path: locking.path });
  return result;
}

const RETRIES = 2;

/**
 * The site answers 503 when a save still conflicted with others' after
 * Zope's own retries: send it again after its Retry-After (twice at most),
 * rather than tell the editor of a conflict that is gone a second later.
 */
export function retryOnConflict(store, action) {
  const status = action.error?.status || action.error?.response?.status;
  const tries = action.collectiveLockingTries || 0;
  if (status !== 503 || tries >= RETRIES || !action.collectiveLockingRequest) {
    return false;
  }
  const header = Number(action.error?.response?.headers?.['retry-after']);
  const seconds = Number.isFinite(header)
    ? Math.min(Math.max(header, 1), 5)
    : 2;
  setTimeout(
    () =>
      store
        .dispatch({
          type: UPDATE_CONTENT,
          request: action.collectiveLockingRequest,
          collectiveLockingTries: tries + 1,
        })
        .catch(() => {}),
    seconds * 1000,
  );
  return true;
}
