"""Contact requests: the form's model and checks, the outbox that keeps them, the channel that
sends them (docs/contact-api.yaml), and the API token. Plain Python: no Qt here."""
