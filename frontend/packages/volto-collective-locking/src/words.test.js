import { createIntl } from 'react-intl';
import { describeFragment, describeRefusal } from './words';

const intl = createIntl({ locale: 'en', messages: {} });
const alice = {
  creator: 'alice',
  creator_name: 'Alice Liddell',
  expires: '2026-01-01T00:12:00Z',
  kind: 'fragment',
  fragments: ['blocks/a'],
};
const refusal = (status, error) => ({ status, response: { body: { error } } });

describe('describeRefusal', () => {
  it('names the block, the holder and until when', () => {
    const words = describeRefusal(
      intl,
      refusal(403, {
        type: 'Forbidden',
        message: 'Resource is locked.',
        fields: ['blocks/a'],
        locks: [alice],
      }),
      {
        data: {
          blocks: { a: { '@type': 'slate', plaintext: 'Use sentence case.' } },
        },
      },
    );
    expect(words).toMatch(
      /^Not saved: the block "Use sentence case." is being edited by Alice Liddell until /,
    );
    expect(words).toMatch(/Your changes are still here\.$/);
  });
  it('tells a broken lock as such', () => {
    const words = describeRefusal(
      intl,
      refusal(409, { type: 'LockGone', reason: 'forced', message: 'x' }),
    );
    expect(words).toBe(
      'Not saved: your lock was broken by someone else. Your changes are still here.',
    );
  });
  it('names a whole-item lock', () => {
    const words = describeRefusal(
      intl,
      refusal(403, {
        type: 'Forbidden',
        locks: [{ ...alice, kind: 'resource' }],
      }),
    );
    expect(words).toMatch(/the page is locked as a whole by Alice Liddell/);
  });
  it('leaves other errors to Volto', () => {
    expect(
      describeRefusal(intl, refusal(400, { type: 'BadRequest' })),
    ).toBeNull();
  });
});

describe('describeFragment', () => {
  it('uses the field title from the schema', () => {
    expect(
      describeFragment(intl, 'title', {
        schema: { properties: { title: { title: 'Title' } } },
      }),
    ).toBe('the field "Title"');
  });
});
