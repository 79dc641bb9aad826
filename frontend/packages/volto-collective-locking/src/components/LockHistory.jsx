/** Forced and bulk releases, newest first (site administrators only). */
import React, { useEffect, useState } from 'react';
import { useDispatch } from 'react-redux';
import { useIntl } from 'react-intl';
import { Segment, Table } from 'semantic-ui-react';
import { flattenToAppURL } from '@plone/volto/helpers/Url/Url';
import { getLockHistory } from '../actions';
import { panelMessages as m } from '../panelWords';
import { PAGE_SIZE, when, whatOf } from './panelFormat';

export default function LockHistory() {
  const intl = useIntl();
  const dispatch = useDispatch();
  const [history, setHistory] = useState(null);
  useEffect(() => {
    dispatch(getLockHistory({ b_size: PAGE_SIZE }))
      .then(setHistory)
      .catch(() => setHistory(false)); // not a site administrator
  }, [dispatch]);
  if (!history) return null;
  return (
    <Segment className="collective-locking-history">
      <h2>{intl.formatMessage(m.history)}</h2>
      {history.items.length === 0 ? (
        <p>{intl.formatMessage(m.noHistory)}</p>
      ) : (
        <Table celled compact>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>{intl.formatMessage(m.when)}</Table.HeaderCell>
              <Table.HeaderCell>{intl.formatMessage(m.who)}</Table.HeaderCell>
              <Table.HeaderCell>{intl.formatMessage(m.how)}</Table.HeaderCell>
              <Table.HeaderCell>
                {intl.formatMessage(m.holder)}
              </Table.HeaderCell>
              <Table.HeaderCell>{intl.formatMessage(m.item)}</Table.HeaderCell>
              <Table.HeaderCell>{intl.formatMessage(m.what)}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {history.items.map((entry, index) => (
              <Table.Row key={`${entry.when}-${index}`}>
                <Table.Cell>{when(intl, entry.when)}</Table.Cell>
                <Table.Cell>{entry.actor}</Table.Cell>
                <Table.Cell>
                  {intl.formatMessage(
                    entry.how === 'forced' ? m.forced : m.released,
                  )}
                </Table.Cell>
                <Table.Cell>{entry.creator}</Table.Cell>
                <Table.Cell>
                  {flattenToAppURL(entry.item?.['@id'] || '')}
                </Table.Cell>
                <Table.Cell>{whatOf(intl, entry)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </Segment>
  );
}
