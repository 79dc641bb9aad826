/** The filters and sorting of Site Setup > Locks. */
import React, { useState } from 'react';
import { useIntl } from 'react-intl';
import { Button, Form as UIForm } from 'semantic-ui-react';
import { panelMessages as m } from '../panelWords';
import { NO_FILTERS } from './panelFormat';

export default function LockFilters({ filters, onApply }) {
  const intl = useIntl();
  const [draft, setDraft] = useState(filters);
  const set =
    (key) =>
    (e, { value }) =>
      setDraft({ ...draft, [key]: value });
  return (
    <UIForm
      className="collective-locking-filters"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(draft);
      }}
    >
      <UIForm.Group widths="equal">
        <UIForm.Input
          id="locks-path"
          label={intl.formatMessage(m.path)}
          value={draft.path}
          onChange={set('path')}
        />
        <UIForm.Input
          id="locks-creator"
          label={intl.formatMessage(m.creator)}
          value={draft.creator}
          onChange={set('creator')}
        />
        <UIForm.Select
          id="locks-kind"
          label={intl.formatMessage(m.kind)}
          value={draft.kind}
          onChange={set('kind')}
          options={[
            { key: 'any', value: 'any', text: intl.formatMessage(m.anyKind) },
            {
              key: 'r',
              value: 'resource',
              text: intl.formatMessage(m.wholeItem),
            },
            {
              key: 'f',
              value: 'fragment',
              text: intl.formatMessage(m.fragments),
            },
          ]}
        />
      </UIForm.Group>
      <UIForm.Group widths="equal">
        <UIForm.Input
          id="locks-expires-before"
          type="datetime-local"
          label={intl.formatMessage(m.expiresBefore)}
          value={draft.expires_before}
          onChange={set('expires_before')}
        />
        <UIForm.Select
          id="locks-sort-on"
          label={intl.formatMessage(m.sortOn)}
          value={draft.sort_on}
          onChange={set('sort_on')}
          options={[
            { key: 'c', value: 'created', text: intl.formatMessage(m.since) },
            { key: 'e', value: 'expires', text: intl.formatMessage(m.until) },
          ]}
        />
        <UIForm.Select
          id="locks-sort-order"
          label={intl.formatMessage(m.sortOrder)}
          value={draft.sort_order}
          onChange={set('sort_order')}
          options={[
            {
              key: 'a',
              value: 'ascending',
              text: intl.formatMessage(m.ascending),
            },
            {
              key: 'd',
              value: 'descending',
              text: intl.formatMessage(m.descending),
            },
          ]}
        />
      </UIForm.Group>
      <Button type="submit" primary id="locks-apply">
        {intl.formatMessage(m.apply)}
      </Button>
      <Button
        type="button"
        onClick={() => {
          setDraft(NO_FILTERS);
          onApply(NO_FILTERS);
        }}
      >
        {intl.formatMessage(m.reset)}
      </Button>
    </UIForm>
  );
}
