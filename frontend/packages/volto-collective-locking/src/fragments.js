/**
 * What an editor works in, in the backend's words: fragments.
 *
 * collective.locking names a field by its name (`title`), a Volto block by
 * `blocks/{id}` and the order of blocks by `blocks_layout`. These functions
 * are pure: they compare form data with the values the editor started from
 * (the baseline) and build the merge patch a save sends.
 */
import isEqual from 'lodash/isEqual';

export const LAYOUT = 'blocks_layout';
const BLOCK_PREFIX = 'blocks/';

// Blocks that edit a field of the item, not their own data.
const FIELD_BLOCKS = { title: 'title', description: 'description' };

// Keys of Volto's form data that are not fields a save writes.
const NOT_FIELDS = new Set([
  '@id',
  '@type',
  '@components',
  '@static_behaviors',
  'UID',
  'allow_discussion',
  'can_manage_portlets',
  'created',
  'is_folderish',
  'items',
  'items_total',
  'layout',
  'lock',
  'modified',
  'next_item',
  'parent',
  'previous_item',
  'review_state',
  'version',
  'working_copy',
  'working_copy_of',
]);

export function blockFragment(blockId) {
  return `${BLOCK_PREFIX}${blockId}`;
}

export function isBlockFragment(fragment) {
  return fragment.startsWith(BLOCK_PREFIX);
}

export function blockIdOf(fragment) {
  return isBlockFragment(fragment) ? fragment.slice(BLOCK_PREFIX.length) : null;
}

/**
 * The fragment an editor works in when they select a block: the field a
 * title or description block edits, else the block itself (`null` for a
 * block the backend does not have yet: a new block is covered by the
 * editor's `blocks_layout` lock).
 */
export function fragmentOfBlock(blockId, block, stored = {}) {
  const field = FIELD_BLOCKS[block?.['@type']];
  if (field) return field;
  if (!blockId || !(blockId in stored)) return null;
  return blockFragment(blockId);
}

function layoutItems(data) {
  return data?.[LAYOUT]?.items || [];
}

/**
 * The fragments whose values differ between `before` and `after`: fields by
 * name, blocks as `blocks/{id}` (added, changed or removed; `stored` says
 * which exist on the backend: a new block is only a layout change), and
 * `blocks_layout` when the list of blocks or their order changed.
 */
export function changedFragments(before = {}, after = {}, stored = {}) {
  const changed = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  keys.forEach((key) => {
    if (NOT_FIELDS.has(key) || key === 'blocks' || key === LAYOUT) return;
    if (!(key in after)) return; // a form never removes a field
    if (!isEqual(before[key], after[key])) changed.push(key);
  });
  const blocksBefore = before.blocks || {};
  const blocksAfter = after.blocks || {};
  const ids = new Set([
    ...Object.keys(blocksBefore),
    ...Object.keys(blocksAfter),
  ]);
  ids.forEach((id) => {
    if (!(id in stored)) return;
    if (!isEqual(blocksBefore[id], blocksAfter[id])) {
      changed.push(blockFragment(id));
    }
  });
  if (!isEqual(layoutItems(before), layoutItems(after))) changed.push(LAYOUT);
  return changed;
}

/** A copy of `data` with `fragment` set back to its value in `source`. */
export function restoreFragment(data, fragment, source) {
  const blockId = blockIdOf(fragment);
  if (blockId) {
    const blocks = { ...(data.blocks || {}) };
    if (source.blocks && blockId in source.blocks) {
      blocks[blockId] = source.blocks[blockId];
    } else {
      delete blocks[blockId];
    }
    return { ...data, blocks };
  }
  if (fragment === LAYOUT) {
    // Blocks added since go with the layout; removed ones come back.
    const blocks = { ...(data.blocks || {}) };
    const kept = new Set(layoutItems(source));
    Object.keys(blocks).forEach((id) => {
      if (!kept.has(id) && !(id in (source.blocks || {}))) delete blocks[id];
    });
    layoutItems(source).forEach((id) => {
      if (!(id in blocks) && source.blocks?.[id])
        blocks[id] = source.blocks[id];
    });
    return { ...data, blocks, [LAYOUT]: source[LAYOUT] };
  }
  return { ...data, [fragment]: source[fragment] };
}

/**
 * The RFC 7396 merge patch of what the editor changed since `baseline`:
 * changed fields, changed and added blocks by id, `null` for removed
 * blocks, and the layout when it changed. Nothing else: a save never sends
 * a copy of what others may be editing.
 */
export function mergePatch(baseline = {}, current = {}) {
  const patch = {};
  const stored = baseline.blocks || {};
  changedFragments(baseline, current, stored).forEach((fragment) => {
    const blockId = blockIdOf(fragment);
    if (blockId) return;
    patch[fragment] =
      current[fragment] === undefined ? null : current[fragment];
  });
  const blocks = {};
  const currentBlocks = current.blocks || {};
  Object.keys(currentBlocks).forEach((id) => {
    if (!isEqual(stored[id], currentBlocks[id])) blocks[id] = currentBlocks[id];
  });
  Object.keys(stored).forEach((id) => {
    if (current.blocks && !(id in currentBlocks)) blocks[id] = null;
  });
  if (Object.keys(blocks).length) patch.blocks = blocks;
  return patch;
}

/**
 * The fragments a merge patch writes, as the backend checks them.
 */
export function fragmentsOfPatch(patch) {
  const fragments = Object.keys(patch).filter((key) => key !== 'blocks');
  Object.keys(patch.blocks || {}).forEach((id) =>
    fragments.push(blockFragment(id)),
  );
  return fragments;
}

/**
 * Bring fragments that others saved into the editor's data: each fragment
 * in `fragments` takes its value from `fresh` (the item as stored now), in
 * `data` and in `baseline` alike. The layout comes along with the blocks it
 * adds or removes.
 */
export function takeFromServer(data, baseline, fresh, fragments) {
  let nextData = data;
  let nextBaseline = baseline;
  fragments.forEach((fragment) => {
    nextData = restoreFragment(nextData, fragment, fresh);
    nextBaseline = restoreFragment(nextBaseline, fragment, fresh);
  });
  return { data: nextData, baseline: nextBaseline };
}
