"""In-app notifications: stored by kind (`service`), worded in the reader's language
(`wording`), listed and marked read, and the bell in the header (`routes`). By e-mail on
request: the choice per kind (`preferences`, `email_routes`), the mail at once (`mails`), the
weekly digest (`digest`) and the signed unsubscribe links (`unsubscribe`)."""
