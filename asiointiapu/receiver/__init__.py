"""The reference receiver: the contact-request API (docs/contact-api.yaml) and the staff inbox,
with the anonymous step feedback beside them.

Plain Python, no Qt. `asiointiapu-receiver` or `python -m asiointiapu.receiver` runs it;
docs/receiver.md says how to run and configure it.

  cli.py              options, first start (token, staff password), the lines it prints
  config.py           ReceiverConfig: address, folders, retention; what counts as loopback
  server.py           uvicorn, and the "receiver ready on ..." moment
  app.py              create_app(): the API and the inbox in one application, error pages
  api.py              POST /v1/requests, POST /v1/feedback, GET /v1/health: the shared checks
  contact_request.py  ContactRequest and its field-by-field checks; JSON parsing
  feedback_body.py    the body of POST /v1/feedback: a StepFeedback, checked
  receipts.py         Receipt, and the error for a reused idempotency key
  store.py            RequestStore: save once per idempotency key, list, handle, purge
  feedback_store.py   FeedbackStore: step feedback saved once, summarised by step, purged
  database.py         the SQLite file: WAL, schema version, migrations
  references.py       short references such as K7Q-482
  rate_limit.py       requests a minute per client address
  api_token.py        the API token file (0600)
  passwords.py        the staff password's scrypt hash
  staff_session.py    the inbox's signed session cookie and CSRF token
  inbox.py            the /inbox pages' behaviour
  inbox_pages.py      the /inbox pages' HTML and colours
  feedback_page.py    the /inbox/feedback page's HTML: which steps confuse people most
  step_titles.py      step titles from the built-in guides, for that page
  csv_export.py       open requests, and the step feedback summary, as CSV
  responses.py        JSON and HTML answers with their headers
"""
