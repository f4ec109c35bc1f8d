"""Tester reports on previews: "funktioniert", "Problem" or "blockiert", with a text. Product
owners see them next to the votes and mark them done; an open blocker stops the service going
live (stage control asks through its `promotion_blockers` signal: `service.open_blockers`)."""
