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
import { Button, Container, Message, Segment } from 'semantic-ui-react';
import Toolbar from '@plone/volto/components/manage/Toolbar/Toolbar';
import Icon from '@plone/volto/components/theme/Icon/Icon';
import backSVG from '@plone/volto/icons/back.svg';
import { listLocks, releaseSiteLocks } from '../actions';
import { panelMessages as m } from '../panelWords';
import LockFilters from './LockFilters';
import LockHistory from './LockHistory';
import { LockRows, ReleasePreview } from './LockList';
import LockSettings from './LockSettings';
import { errorText, NO_FILTERS, PAGE_SIZE } from './panelFormat';

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
      selected.includes(id)
        ? selected.filter((s) => s !== id)
        : [...selected, id],
    );

  const preview = async () => {
    try {
      const answer = await dispatch(
        releaseSiteLocks('', selected, { dryRun: true }),
      );
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
    <Container
      id="page-controlpanel"
      className="collective-locking-controlpanel"
    >
      <Segment.Group raised>
        <Segment className="primary">
          <h1>{intl.formatMessage(m.title)}</h1>
        </Segment>
        <Segment>
          <LockFilters
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
      <LockHistory />
      <LockSettings />
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
