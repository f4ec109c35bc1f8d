"""The roadmap: every service, built or planned, by stage, with its votes and comments
(`service`), its filters (`forms`), and the roadmap and service pages (`routes`)."""
