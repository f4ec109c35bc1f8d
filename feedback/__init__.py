"""Feedback: roadmap, votes, comments, ideas and tester reports – residents decide what unlocks next."""
