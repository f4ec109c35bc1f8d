"""Votes: casting and withdrawing with exact counts and a budget (`service`), the trending score
(`trending`), and the vote panel with its form (`routes`)."""
