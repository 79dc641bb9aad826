/**
 * Site Setup > Locks: the site's locks from @locks (filters, sorting,
 * batching), a release that shows what it will release before it does,
 * the history of forced and bulk releases (site administrators) and the
 * settings of @controlpanels/locking.
 */
import React, { useCallback, useEffect, useState } from 'react';
import { useDispatch } from 'react-redux';
import { useIntl } from 'react-intl';
import { Link } from 'react-router-dom';
import { createPortal } from 'react-dom';
import {
  Button,
  Checkbox,
  Container,
  Form as UIForm,
  Message,
  Segment,
  Table,
} from 'semantic-ui-react';
import { Form } from '@plone/volto/components/manage/Form';
import Toolbar from '@plone/volto/components/manage/Toolbar/Toolbar';
import Icon from '@plone/volto/components/theme/Icon/Icon';
import { flattenToAppURL } from '@plone/volto/helpers/Url/Url';
import {
  getControlpanel,
  updateControlpanel,
} from '@plone/volto/actions/controlpanels/controlpanels';
import backSVG from '@plone/volto/icons/back.svg';
import { getLockHistory, listLocks, releaseSiteLocks } from '../actions';
import { panelMessages as m } from '../panelWords';
import { timeOf } from '../words';

const PAGE_SIZE = 20;
const NO_FILTERS = {
  path: '/',
  creator: '',
  kind: 'any',
  expires_before: '',
  sort_on: 'created',
  sort_order: 'ascending',
};

function errorText(error) {
  return (
    error?.response?.body?.error?.message ||
    error?.response?.body?.message ||
    error?.message ||
    String(error)
  );
}

function when(intl, iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return `${date.toLocaleDateString(intl.locale)} ${timeOf(iso, intl.locale)}`;
}

function whatOf(intl, entry) {
  return entry.kind === 'resource'
    ? intl.formatMessage(m.wholeItem)
    : (entry.fragments || []).join(', ');
}

function Filters({ filters, onApply }) {
  const intl = useIntl();
  const [draft, setDraft] = useState(filters);
  const set = (key) => (e, { value }) => setDraft({ ...draft, [key]: value });
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
            { key: 'r', value: 'resource', text: intl.formatMessage(m.wholeItem) },
            { key: 'f', value: 'fragment', text: intl.formatMessage(m.fragments) },
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
            { key: 'a', value: 'ascending', text: intl.formatMessage(m.ascending) },
            { key: 'd', value: 'descending', text: intl.formatMessage(m.descending) },
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

function LockRows({ items, selected, onToggle }) {
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

function ReleasePreview({ plan, onConfirm, onCancel }) {
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
            {intl.formatMessage(m.previewRefused, { count: plan.refused.length })}
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

function History() {
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
              <Table.HeaderCell>{intl.formatMessage(m.holder)}</Table.HeaderCell>
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
                  {intl.formatMessage(entry.how === 'forced' ? m.forced : m.released)}
                </Table.Cell>
                <Table.Cell>{entry.creator}</Table.Cell>
                <Table.Cell>{flattenToAppURL(entry.item?.['@id'] || '')}</Table.Cell>
                <Table.Cell>{whatOf(intl, entry)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </Segment>
  );
}

function Settings() {
  const intl = useIntl();
  const dispatch = useDispatch();
  const [panel, setPanel] = useState(null);
  const [status, setStatus] = useState(null);
  useEffect(() => {
    dispatch(getControlpanel('locking'))
      .then(setPanel)
      .catch(() => setPanel(false));
  }, [dispatch]);
  if (!panel) return null;
  return (
    <Segment className="collective-locking-settings">
      <h2>{intl.formatMessage(m.settings)}</h2>
      {status && (
        <Message
          negative={status.error}
          positive={!status.error}
          role={status.error ? 'alert' : 'status'}
        >
          {status.text}
        </Message>
      )}
      <Form
        schema={panel.schema}
        formData={panel.data}
        onSubmit={async (data) => {
          try {
            await dispatch(updateControlpanel(flattenToAppURL(panel['@id']), data));
            setStatus({ error: false, text: intl.formatMessage(m.saved) });
            setPanel({ ...panel, data: { ...panel.data, ...data } });
          } catch (error) {
            // volto#3095: say what the site refused, not only that it did.
            setStatus({ error: true, text: errorText(error) });
          }
        }}
        onCancel={() => setStatus(null)}
      />
    </Segment>
  );
}

export default function LocksControlPanel({ location }) {
  const intl = useIntl();
  const dispatch = useDispatch();
  const [filters, setFilters] = useState(NO_FILTERS);
  const [start, setStart] = useState(0);
  const [listing, setListing] = useState(null);
  const [problem, setProblem] = useState(null);
  const [selected, setSelected] = useState([]);
  const [plan, setPlan] = useState(null);
  const [outcome, setOutcome] = useState(null);
  const [isClient, setIsClient] = useState(false);
  useEffect(() => setIsClient(true), []);

  const load = useCallback(async () => {
    const { path, expires_before, kind, ...query } = filters;
    try {
      const answer = await dispatch(
        listLocks(path === '/' ? '' : path.replace(/\/$/, ''), {
          ...query,
          kind: kind === 'any' ? '' : kind,
          expires_before: expires_before
            ? new Date(expires_before).toISOString()
            : '',
          b_start: start,
          b_size: PAGE_SIZE,
        }),
      );
      setListing(answer);
      setProblem(null);
    } catch (error) {
      setListing(null);
      setProblem(errorText(error));
    }
  }, [dispatch, filters, start]);

  useEffect(() => {
    load();
  }, [load]);

  const toggle = (id) =>
    setSelected(
      selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id],
    );

  const preview = async () => {
    try {
      const answer = await dispatch(releaseSiteLocks('', selected, { dryRun: true }));
      setPlan(answer);
      setOutcome(null);
    } catch (error) {
      setProblem(errorText(error));
    }
  };

  const release = async () => {
    const uris = plan.released.map((entry) => entry['@id']);
    try {
      const answer = await dispatch(releaseSiteLocks('', uris));
      setOutcome(
        intl.formatMessage(m.releasedCount, {
          count: answer.released.length,
          refused: answer.refused.length,
        }),
      );
    } catch (error) {
      setProblem(errorText(error));
    }
    setPlan(null);
    setSelected([]);
    load();
  };

  const total = listing?.items_total || 0;
  return (
    <Container id="page-controlpanel" className="collective-locking-controlpanel">
      <Segment.Group raised>
        <Segment className="primary">
          <h1>{intl.formatMessage(m.title)}</h1>
        </Segment>
        <Segment>
          <Filters
            filters={filters}
            onApply={(next) => {
              setFilters(next);
              setStart(0);
              setSelected([]);
            }}
          />
        </Segment>
        <Segment>
          {problem && (
            <Message negative role="alert">
              {problem}
            </Message>
          )}
          {outcome && (
            <Message positive role="status">
              {outcome}
            </Message>
          )}
          {listing && (
            <>
              <p className="collective-locking-total">
                {intl.formatMessage(m.total, { count: total })}
              </p>
              {listing.items.length > 0 && (
                <LockRows
                  items={listing.items}
                  selected={selected}
                  onToggle={toggle}
                />
              )}
              <Button
                type="button"
                disabled={start === 0}
                onClick={() => setStart(Math.max(0, start - PAGE_SIZE))}
              >
                {intl.formatMessage(m.previous)}
              </Button>
              <Button
                type="button"
                disabled={start + PAGE_SIZE >= total}
                onClick={() => setStart(start + PAGE_SIZE)}
              >
                {intl.formatMessage(m.next)}
              </Button>
              <Button
                type="button"
                negative
                id="locks-release"
                disabled={!selected.length}
                onClick={preview}
              >
                {intl.formatMessage(m.release, { count: selected.length })}
              </Button>
            </>
          )}
          {plan && (
            <ReleasePreview
              plan={plan}
              onConfirm={release}
              onCancel={() => setPlan(null)}
            />
          )}
        </Segment>
      </Segment.Group>
      <History />
      <Settings />
      {isClient &&
        document.getElementById('toolbar') &&
        createPortal(
          <Toolbar
            pathname={location?.pathname}
            hideDefaultViewButtons
            inner={
              <Link to="/controlpanel" className="item">
                <Icon
                  name={backSVG}
                  className="contents circled"
                  size="30px"
                  title={intl.formatMessage(m.back)}
                />
              </Link>
            }
          />,
          document.getElementById('toolbar'),
        )}
    </Container>
  );
}
