"""The reference receiver: the contact-request API (docs/contact-api.yaml) and the staff inbox.

Plain Python, no Qt. `asiointiapu-receiver` or `python -m asiointiapu.receiver` runs it;
docs/receiver.md says how to run and configure it.

  cli.py              options, first start (token, staff password), the lines it prints
  config.py           ReceiverConfig: address, folders, retention; what counts as loopback
  server.py           uvicorn, and the "receiver ready on ..." moment
  app.py              create_app(): the API and the inbox in one application, error pages
  api.py              POST /v1/requests, GET /v1/health
  contact_request.py  ContactRequest and its field-by-field checks; JSON parsing
  store.py            RequestStore: save once per idempotency key, list, handle, purge
  database.py         the SQLite file: WAL, schema version, migrations
  references.py       short references such as K7Q-482
  rate_limit.py       requests a minute per client address
  api_token.py        the API token file (0600)
  passwords.py        the staff password's scrypt hash
  staff_session.py    the inbox's signed session cookie and CSRF token
  inbox.py            the /inbox pages' behaviour
  inbox_pages.py      the /inbox pages' HTML and colours
  csv_export.py       open requests as CSV
  responses.py        JSON and HTML answers with their headers
"""
