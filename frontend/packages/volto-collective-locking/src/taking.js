/**
 * How the editor takes locks: on the block it selects, on what it changes;
 * and what it does when someone else holds them (undo, and say so).
 */
import isEmpty from 'lodash/isEmpty';
import { setFormData } from '@plone/volto/actions/form/form';
import { acquireFragments, getStoredContent, releaseFragment } from './actions';
import {
  BASELINE_UPDATED,
  FRAGMENTS_ACQUIRED,
  FRAGMENTS_EDITED,
  FRAGMENTS_REFUSED,
  FRAGMENTS_RELEASED,
  FRAGMENTS_WANTED,
} from './constants';
import { readLocks } from './collection';
import { intlOf, settings } from './context';
import {
  changedFragments,
  fragmentOfBlock,
  LAYOUT,
  restoreFragment,
} from './fragments';
import { holderOf, tokensOf } from './reducer';
import { tell } from './tell';
import { madeByUser } from './userInput';
import { describeFragment, messages, nameOf, timeOf } from './words';

/** Whether the editor left `fragment` as it found it (its lock may go). */
function untouched(state, fragment) {
  return !state.collectiveLocking.edited[fragment];
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
      acquireFragments(locking.path, fragments, {
        token,
        timeout: lockTimeout,
      }),
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
    store.dispatch({
      type: FRAGMENTS_REFUSED,
      fragments,
      locks: body.locks || [],
    });
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
    // After the block it follows in the stored order (at the end when the
    // editor removed that one; first when it is first).
    const before = storedItems[storedItems.indexOf(id) - 1];
    const found = before ? items.indexOf(before) : -1;
    const at = !before ? 0 : found === -1 ? items.length : found + 1;
    items.splice(at, 0, id);
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

export function blockSelected(store, previous, selected) {
  const state = store.getState();
  const locking = state.collectiveLocking;
  const data = state.form?.global || {};
  const stored = locking.baseline.blocks || {};
  if (previous) {
    const left = fragmentOfBlock(previous, data.blocks?.[previous], stored);
    if (left && locking.mine[left] && untouched(state, left)) {
      const { token } = locking.mine[left];
      store.dispatch({ type: FRAGMENTS_RELEASED, fragments: [left] });
      store
        .dispatch(releaseFragment(locking.path, left, token))
        .catch(() => {});
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
export function guardChanges(store, action) {
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
        fragment !== 'id' &&
        !locking.mine[fragment] &&
        !locking.wanted[fragment],
    );
    toLock.forEach((fragment) => acquire(store, [fragment]));
  }
  return data === after ? action : { ...action, data };
}
