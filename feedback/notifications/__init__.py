"""In-app notifications: stored by kind (`service`), listed and marked read, and the bell in
the header (`routes`)."""
