/** The locks of Site Setup > Locks, and what a release will release. */
import React from 'react';
import { useIntl } from 'react-intl';
import { Link } from 'react-router-dom';
import { Button, Checkbox, Segment, Table } from 'semantic-ui-react';
import { flattenToAppURL } from '@plone/volto/helpers/Url/Url';
import { panelMessages as m } from '../panelWords';
import { when, whatOf } from './panelFormat';

export function LockRows({ items, selected, onToggle }) {
  const intl = useIntl();
  return (
    <Table celled compact className="collective-locking-locks">
      <Table.Header>
        <Table.Row>
          <Table.HeaderCell />
          <Table.HeaderCell>{intl.formatMessage(m.item)}</Table.HeaderCell>
          <Table.HeaderCell>{intl.formatMessage(m.what)}</Table.HeaderCell>
          <Table.HeaderCell>{intl.formatMessage(m.holder)}</Table.HeaderCell>
          <Table.HeaderCell>{intl.formatMessage(m.since)}</Table.HeaderCell>
          <Table.HeaderCell>{intl.formatMessage(m.until)}</Table.HeaderCell>
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {items.map((entry) => (
          <Table.Row key={entry['@id']} data-lock={entry['@id']}>
            <Table.Cell collapsing>
              <Checkbox
                aria-label={intl.formatMessage(m.select, {
                  title: entry.item?.title,
                  what: whatOf(intl, entry),
                })}
                checked={selected.includes(entry['@id'])}
                onChange={() => onToggle(entry['@id'])}
              />
            </Table.Cell>
            <Table.Cell>
              <Link to={flattenToAppURL(entry.item?.['@id'] || '')}>
                {entry.item?.title}
              </Link>
            </Table.Cell>
            <Table.Cell>{whatOf(intl, entry)}</Table.Cell>
            <Table.Cell>{entry.creator_name || entry.creator}</Table.Cell>
            <Table.Cell>{when(intl, entry.created)}</Table.Cell>
            <Table.Cell>{when(intl, entry.expires)}</Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
}

export function ReleasePreview({ plan, onConfirm, onCancel }) {
  const intl = useIntl();
  return (
    <Segment className="collective-locking-preview" role="dialog">
      <h3>{intl.formatMessage(m.previewTitle)}</h3>
      <p>
        {intl.formatMessage(m.previewReleased, { count: plan.released.length })}
      </p>
      <ul>
        {plan.released.map((entry) => (
          <li key={entry['@id']}>
            {flattenToAppURL(entry['@id'])}: {whatOf(intl, entry)} (
            {entry.creator_name || entry.creator})
          </li>
        ))}
      </ul>
      {plan.refused.length > 0 && (
        <>
          <p>
            {intl.formatMessage(m.previewRefused, {
              count: plan.refused.length,
            })}
          </p>
          <ul>
            {plan.refused.map((entry) => (
              <li key={entry['@id']}>
                {flattenToAppURL(entry['@id'])}: {entry.message || entry.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      <Button
        negative
        id="locks-confirm"
        disabled={!plan.released.length}
        onClick={onConfirm}
      >
        {intl.formatMessage(m.confirm, { count: plan.released.length })}
      </Button>
      <Button onClick={onCancel}>{intl.formatMessage(m.cancel)}</Button>
    </Segment>
  );
}
