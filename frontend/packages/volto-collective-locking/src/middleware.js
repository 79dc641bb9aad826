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
import { createIntl } from 'react-intl';
import isEmpty from 'lodash/isEmpty';
import {
  LOCK_CONTENT,
  SET_FORM_DATA,
  SET_UI_STATE,
  UNLOCK_CONTENT,
  UPDATE_CONTENT,
} from '@plone/volto/constants/ActionTypes';
import { setFormData } from '@plone/volto/actions/form/form';
import config from '@plone/volto/registry';
import {
  acquireFragments,
  getLockCollection,
  getStoredContent,
  releaseFragment,
} from './actions';
import {
  DEFAULT_SETTINGS,
  EDITING_ENDED,
  EDITING_STARTED,
  FRAGMENTS_ACQUIRED,
  FRAGMENTS_EDITED,
  FRAGMENTS_REFUSED,
  FRAGMENTS_RELEASED,
  FRAGMENTS_WANTED,
  BASELINE_UPDATED,
  LOCKS_READ,
} from './constants';
import {
  changedFragments,
  fragmentOfBlock,
  LAYOUT,
  mergePatch,
  restoreFragment,
  takeFromServer,
} from './fragments';
import { holderOf, tokensOf } from './reducer';
import { describeFragment, describeRefusal, messages, nameOf, timeOf } from './words';
import { tell } from './tell';
import { madeByUser } from './userInput';

export function settings() {
  return { ...DEFAULT_SETTINGS, ...(config.settings.collectiveLocking || {}) };
}

export function intlOf(state) {
  return createIntl({
    locale: state.intl?.locale || 'en',
    messages: state.intl?.messages || {},
  });
}

const pathOfLockRequest = (request) =>
  typeof request?.path === 'string' ? request.path.replace(/\/@lock$/, '') : null;

/** Whether `action` acts on the item the add-on's editor has open. */
function onOpenItem(state, action) {
  const locking = state.collectiveLocking;
  if (!locking?.active || Array.isArray(action.request)) return false;
  const path = pathOfLockRequest(action.request);
  return path === locking.path;
}

/** Editor's own fragments that it changed and may give back when left. */
function untouched(state, fragment) {
  return !state.collectiveLocking.edited[fragment];
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
        if (action.ui.selected !== before) blockSelected(store, before, action.ui.selected);
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
              body: { ...body, error: { ...(body.error || {}), message: words } },
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

const RETRIES = 2;

/**
 * The site answers 503 when a save still conflicted with others' after
 * Zope's own retries: send it again after its Retry-After (twice at most),
 * rather than tell the editor of a conflict that is gone a second later.
 */
function retryOnConflict(store, action) {
  const status = action.error?.status || action.error?.response?.status;
  const tries = action.collectiveLockingTries || 0;
  if (status !== 503 || tries >= RETRIES || !action.collectiveLockingRequest) {
    return false;
  }
  const header = Number(action.error?.response?.headers?.['retry-after']);
  const seconds = Number.isFinite(header) ? Math.min(Math.max(header, 1), 5) : 2;
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

async function startEditing(store, next, action) {
  const path = pathOfLockRequest(action.request);
  if (!path || Array.isArray(action.request)) return next(action);
  let collection;
  try {
    collection = await store.dispatch(getLockCollection(path));
  } catch (error) {
    return next(action);
  }
  if (!collection || typeof collection.fragments !== 'object') {
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

/** Lock `fragments` (all or nothing); undo the editor's changes to any
 * that someone else holds. */
export async function acquire(store, fragments) {
  const locking = store.getState().collectiveLocking;
  if (!locking.active || !fragments.length) return false;
  store.dispatch({ type: FRAGMENTS_WANTED, fragments });
  const token = tokensOf(locking)[0];
  const { lockTimeout } = settings();
  try {
    const info = await store.dispatch(
      acquireFragments(locking.path, fragments, { token, timeout: lockTimeout }),
    );
    store.dispatch({
      type: FRAGMENTS_ACQUIRED,
      fragments,
      token: info.token,
      expires: info.expires,
    });
    if (fragments.includes(LAYOUT)) await rebaseLayout(store);
    return true;
  } catch (error) {
    const body = error?.response?.body?.error || {};
    if (token && body.type === 'LockGone') {
      // The editor's lock ended (expired or broken): start a new one.
      await readLocks(store);
      const again = store.getState().collectiveLocking;
      if (tokensOf(again)[0] !== token) return acquire(store, fragments);
    }
    store.dispatch({ type: FRAGMENTS_REFUSED, fragments, locks: body.locks || [] });
    undoHeld(store, fragments);
    return false;
  }
}

/**
 * Once the editor holds the layout, nobody else can change it: bring in
 * blocks others added or removed before, keeping the editor's own changes.
 */
async function rebaseLayout(store) {
  const { path, baseline } = store.getState().collectiveLocking;
  let fresh;
  try {
    fresh = await store.dispatch(getStoredContent(path));
  } catch (error) {
    return;
  }
  const storedItems = fresh?.[LAYOUT]?.items || [];
  const baseItems = baseline?.[LAYOUT]?.items || [];
  if (JSON.stringify(storedItems) === JSON.stringify(baseItems)) return;
  const state = store.getState();
  const data = state.form?.global || {};
  const ownItems = data[LAYOUT]?.items || [];
  const added = storedItems.filter((id) => !baseItems.includes(id));
  const removed = baseItems.filter((id) => !storedItems.includes(id));
  const items = ownItems.filter((id) => !removed.includes(id));
  added.forEach((id) => {
    const before = storedItems[storedItems.indexOf(id) - 1];
    const at = before ? items.indexOf(before) + 1 : 0;
    items.splice(at < 0 ? items.length : at, 0, id);
  });
  const blocks = { ...(data.blocks || {}) };
  added.forEach((id) => (blocks[id] = fresh.blocks[id]));
  removed.forEach((id) => delete blocks[id]);
  const newBaseline = {
    ...baseline,
    blocks: { ...fresh.blocks },
    [LAYOUT]: fresh[LAYOUT],
  };
  Object.keys(baseline.blocks || {}).forEach((id) => {
    if (id in newBaseline.blocks) newBaseline.blocks[id] = baseline.blocks[id];
  });
  store.dispatch({ type: BASELINE_UPDATED, baseline: newBaseline });
  store.dispatch({
    ...setFormData({ ...data, blocks, [LAYOUT]: { ...data[LAYOUT], items } }),
    fromStoredItem: true,
  });
}

/** Put back what the editor changed in fragments someone else holds. */
function undoHeld(store, fragments) {
  const state = store.getState();
  const locking = state.collectiveLocking;
  let data = state.form?.global;
  if (isEmpty(data)) return;
  fragments.forEach((fragment) => {
    const holder = holderOf(locking, fragment);
    if (!holder) return;
    if (locking.edited[fragment]) {
      store.dispatch({ type: FRAGMENTS_RELEASED, fragments: [fragment] });
    }
    const restored = restoreFragment(data, fragment, locking.baseline);
    if (restored !== data) {
      tellHeld(state, fragment, holder);
      data = restored;
    }
  });
  if (data !== state.form.global) {
    store.dispatch({ ...setFormData(data), fromStoredItem: true });
  }
}

function tellHeld(state, fragment, holder) {
  const intl = intlOf(state);
  tell(
    `held-${fragment}`,
    intl.formatMessage(messages.lockTitle),
    intl.formatMessage(messages.changeNotKept, {
      what: describeFragment(intl, fragment, {
        schema: state.schema?.schema,
        data: state.collectiveLocking.baseline,
      }),
      name: nameOf(holder),
      time: timeOf(holder.expires, intl.locale),
    }),
  );
}

function blockSelected(store, previous, selected) {
  const state = store.getState();
  const locking = state.collectiveLocking;
  const data = state.form?.global || {};
  const stored = locking.baseline.blocks || {};
  if (previous) {
    const left = fragmentOfBlock(previous, data.blocks?.[previous], stored);
    if (left && locking.mine[left] && untouched(state, left)) {
      const { token } = locking.mine[left];
      store.dispatch({ type: FRAGMENTS_RELEASED, fragments: [left] });
      store.dispatch(releaseFragment(locking.path, left, token)).catch(() => {});
    }
  }
  if (!selected || !madeByUser()) return;
  const fragment = fragmentOfBlock(selected, data.blocks?.[selected], stored);
  if (!fragment || locking.mine[fragment] || locking.wanted[fragment]) return;
  if (holderOf(locking, fragment)) return; // shown read-only, named
  acquire(store, [fragment]);
}

/**
 * A change to the form: undo it where someone else holds the fragment,
 * note it as the editor's, and lock what the editor does not hold yet.
 * Changes to blocks the editor is not working in (Volto normalising a
 * block as it renders it) are neither locked nor sent.
 */
function guardChanges(store, action) {
  const state = store.getState();
  const locking = state.collectiveLocking;
  const before = state.form?.global;
  const after = action.data;
  if (isEmpty(before) || isEmpty(after) || before['@id'] !== after['@id']) {
    return action;
  }
  const stored = locking.baseline.blocks || {};
  const selected = new Set(
    [state.form?.ui?.selected, ...(state.form?.ui?.multiSelected || [])].filter(
      Boolean,
    ),
  );
  let data = after;
  const edited = [];
  changedFragments(before, after, stored).forEach((fragment) => {
    const holder = holderOf(locking, fragment);
    if (holder) {
      data = restoreFragment(data, fragment, before);
      tellHeld(state, fragment, holder);
      return;
    }
    const blockId = fragment.startsWith('blocks/') ? fragment.slice(7) : null;
    const removed = blockId && !(blockId in (after.blocks || {}));
    if (blockId && !removed && !selected.has(blockId)) return;
    edited.push(fragment);
  });
  if (edited.length) {
    store.dispatch({ type: FRAGMENTS_EDITED, fragments: edited });
    // The short name is no field to lock: a rename goes with the save.
    const toLock = edited.filter(
      (fragment) =>
        fragment !== 'id' && !locking.mine[fragment] && !locking.wanted[fragment],
    );
    toLock.forEach((fragment) => acquire(store, [fragment]));
  }
  return data === after ? action : { ...action, data };
}

/**
 * Save: the merge patch of the editor's own changes (edited or held),
 * every token the editor holds, and X-Plone-Unlock so that the save gives
 * the locks back in the same transaction.
 */
async function save(store, next, action) {
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
