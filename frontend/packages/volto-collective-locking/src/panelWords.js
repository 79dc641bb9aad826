/** The words of Site Setup > Locks. */
import { defineMessages } from 'react-intl';

export const panelMessages = defineMessages({
  title: { id: 'Locks', defaultMessage: 'Locks' },
  back: { id: 'Back', defaultMessage: 'Back' },
  path: { id: 'In (path)', defaultMessage: 'In (path)' },
  creator: { id: 'Holder (user id)', defaultMessage: 'Holder (user id)' },
  kind: { id: 'Kind', defaultMessage: 'Kind' },
  anyKind: { id: 'Any', defaultMessage: 'Any' },
  wholeItem: { id: 'the whole item', defaultMessage: 'the whole item' },
  fragments: { id: 'fields and blocks', defaultMessage: 'fields and blocks' },
  expiresBefore: { id: 'Ends before', defaultMessage: 'Ends before' },
  sortOn: { id: 'Sort by', defaultMessage: 'Sort by' },
  sortOrder: { id: 'Order', defaultMessage: 'Order' },
  ascending: { id: 'ascending', defaultMessage: 'ascending' },
  descending: { id: 'descending', defaultMessage: 'descending' },
  apply: { id: 'Show', defaultMessage: 'Show' },
  reset: { id: 'All locks', defaultMessage: 'All locks' },
  item: { id: 'Item', defaultMessage: 'Item' },
  what: { id: 'What', defaultMessage: 'What' },
  holder: { id: 'Held by', defaultMessage: 'Held by' },
  since: { id: 'Since', defaultMessage: 'Since' },
  until: { id: 'Until', defaultMessage: 'Until' },
  select: {
    id: 'Select {title}: {what}',
    defaultMessage: 'Select {title}: {what}',
  },
  total: {
    id: '{count, plural, =0 {No locks} one {One lock} other {# locks}}',
    defaultMessage:
      '{count, plural, =0 {No locks} one {One lock} other {# locks}}',
  },
  previous: { id: 'Previous', defaultMessage: 'Previous' },
  next: { id: 'Next', defaultMessage: 'Next' },
  release: {
    id: 'Release selected ({count})',
    defaultMessage: 'Release selected ({count})',
  },
  previewTitle: {
    id: 'What will be released',
    defaultMessage: 'What will be released',
  },
  previewReleased: {
    id: '{count, plural, =0 {Nothing will be released.} one {This lock will be released:} other {These # locks will be released:}}',
    defaultMessage:
      '{count, plural, =0 {Nothing will be released.} one {This lock will be released:} other {These # locks will be released:}}',
  },
  previewRefused: {
    id: '{count, plural, one {This lock will stay:} other {These # locks will stay:}}',
    defaultMessage:
      '{count, plural, one {This lock will stay:} other {These # locks will stay:}}',
  },
  confirm: {
    id: 'Release {count, plural, one {this lock} other {these # locks}}',
    defaultMessage:
      'Release {count, plural, one {this lock} other {these # locks}}',
  },
  cancel: { id: 'Cancel', defaultMessage: 'Cancel' },
  releasedCount: {
    id: 'Released: {count}. Refused: {refused}.',
    defaultMessage: 'Released: {count}. Refused: {refused}.',
  },
  history: { id: 'History of releases', defaultMessage: 'History of releases' },
  noHistory: {
    id: 'No lock was broken or released in bulk yet.',
    defaultMessage: 'No lock was broken or released in bulk yet.',
  },
  when: { id: 'When', defaultMessage: 'When' },
  who: { id: 'By', defaultMessage: 'By' },
  how: { id: 'How', defaultMessage: 'How' },
  forced: { id: 'broken', defaultMessage: 'broken' },
  released: { id: 'released', defaultMessage: 'released' },
  settings: { id: 'Settings', defaultMessage: 'Settings' },
  saved: { id: 'Changes saved', defaultMessage: 'Changes saved' },
});
