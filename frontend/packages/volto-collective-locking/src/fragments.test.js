import {
  changedFragments,
  fragmentOfBlock,
  fragmentsOfPatch,
  mergePatch,
  restoreFragment,
  takeFromServer,
} from './fragments';

const text = (words) => ({
  '@type': 'slate',
  plaintext: words,
  value: [{ type: 'p', children: [{ text: words }] }],
});

const page = {
  '@id': 'http://localhost:3000/page',
  title: 'A page',
  description: 'About it',
  review_state: 'private',
  blocks: { t: { '@type': 'title' }, a: text('one'), b: text('two') },
  blocks_layout: { items: ['t', 'a', 'b'] },
};

describe('fragmentOfBlock', () => {
  it('names a stored block blocks/{id}', () => {
    expect(fragmentOfBlock('a', page.blocks.a, page.blocks)).toBe('blocks/a');
  });
  it('names the field a title or description block edits', () => {
    expect(fragmentOfBlock('t', page.blocks.t, page.blocks)).toBe('title');
    expect(fragmentOfBlock('d', { '@type': 'description' }, page.blocks)).toBe(
      'description',
    );
  });
  it('has no fragment for a block the backend does not have yet', () => {
    expect(fragmentOfBlock('new', text('x'), page.blocks)).toBeNull();
  });
});

describe('changedFragments', () => {
  it('finds nothing in an unchanged page', () => {
    expect(changedFragments(page, { ...page }, page.blocks)).toEqual([]);
  });
  it('names a changed field and a changed block', () => {
    const after = {
      ...page,
      title: 'New title',
      blocks: { ...page.blocks, b: text('three') },
    };
    expect(changedFragments(page, after, page.blocks).sort()).toEqual([
      'blocks/b',
      'title',
    ]);
  });
  it('names the layout when blocks are added, removed or moved', () => {
    const moved = { ...page, blocks_layout: { items: ['t', 'b', 'a'] } };
    expect(changedFragments(page, moved, page.blocks)).toEqual([
      'blocks_layout',
    ]);
    const added = {
      ...page,
      blocks: { ...page.blocks, n: text('new') },
      blocks_layout: { items: ['t', 'a', 'b', 'n'] },
    };
    // A new block is only a layout change: the backend does not know it.
    expect(changedFragments(page, added, page.blocks)).toEqual([
      'blocks_layout',
    ]);
    const { b, ...rest } = page.blocks;
    const removed = {
      ...page,
      blocks: rest,
      blocks_layout: { items: ['t', 'a'] },
    };
    expect(changedFragments(page, removed, page.blocks).sort()).toEqual([
      'blocks/b',
      'blocks_layout',
    ]);
  });
  it('ignores what a save does not write', () => {
    const after = {
      ...page,
      review_state: 'published',
      lock: { locked: true },
    };
    expect(changedFragments(page, after, page.blocks)).toEqual([]);
  });
});

describe('mergePatch', () => {
  it('is empty for an unchanged page', () => {
    expect(mergePatch(page, { ...page })).toEqual({});
  });
  it('carries only the changed block, not a copy of the others', () => {
    const after = { ...page, blocks: { ...page.blocks, a: text('uno') } };
    expect(mergePatch(page, after)).toEqual({ blocks: { a: text('uno') } });
  });
  it('removes a block with null and sends the new layout', () => {
    const { b, ...rest } = page.blocks;
    const after = {
      ...page,
      blocks: rest,
      blocks_layout: { items: ['t', 'a'] },
    };
    expect(mergePatch(page, after)).toEqual({
      blocks: { b: null },
      blocks_layout: { items: ['t', 'a'] },
    });
  });
  it('adds a new block with its value', () => {
    const after = {
      ...page,
      blocks: { ...page.blocks, n: text('new') },
      blocks_layout: { items: ['t', 'n', 'a', 'b'] },
    };
    const patch = mergePatch(page, after);
    expect(patch.blocks).toEqual({ n: text('new') });
    expect(fragmentsOfPatch(patch).sort()).toEqual([
      'blocks/n',
      'blocks_layout',
    ]);
  });
  it('sends a changed field', () => {
    expect(mergePatch(page, { ...page, description: 'Now' })).toEqual({
      description: 'Now',
    });
  });
});

describe('restoreFragment and takeFromServer', () => {
  it('puts one block back', () => {
    const edited = { ...page, blocks: { ...page.blocks, a: text('mine') } };
    expect(restoreFragment(edited, 'blocks/a', page).blocks.a).toEqual(
      page.blocks.a,
    );
  });
  it('puts the layout back with the blocks it added or removed', () => {
    const edited = {
      ...page,
      blocks: { ...page.blocks, n: text('new') },
      blocks_layout: { items: ['n', 't', 'a', 'b'] },
    };
    const restored = restoreFragment(edited, 'blocks_layout', page);
    expect(restored.blocks_layout).toEqual(page.blocks_layout);
    expect(restored.blocks.n).toBeUndefined();
  });
  it('takes what others saved into data and baseline alike', () => {
    const stored = { ...page, blocks: { ...page.blocks, b: text('theirs') } };
    const { data, baseline } = takeFromServer(page, page, stored, ['blocks/b']);
    expect(data.blocks.b).toEqual(text('theirs'));
    expect(baseline.blocks.b).toEqual(text('theirs'));
    expect(mergePatch(baseline, data)).toEqual({});
  });
});
