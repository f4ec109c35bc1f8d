"""The changelog "Neu freigeschaltet": when a change makes services live for everyone, its entry
and the voters' news are written (`service`, a receiver of stage control's signal), and the
page lists them (`routes`)."""
