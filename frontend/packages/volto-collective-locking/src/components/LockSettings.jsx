/** The settings of @controlpanels/locking, in Volto's own form. */
import React, { useEffect, useState } from 'react';
import { useDispatch } from 'react-redux';
import { useIntl } from 'react-intl';
import { Message, Segment } from 'semantic-ui-react';
import { Form } from '@plone/volto/components/manage/Form';
import { flattenToAppURL } from '@plone/volto/helpers/Url/Url';
import {
  getControlpanel,
  updateControlpanel,
} from '@plone/volto/actions/controlpanels/controlpanels';
import { panelMessages as m } from '../panelWords';
import { errorText } from './panelFormat';

export default function LockSettings() {
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
            await dispatch(
              updateControlpanel(flattenToAppURL(panel['@id']), data),
            );
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
