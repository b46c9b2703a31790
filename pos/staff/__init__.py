"""Staff who use the till: roles, PINs, signing in."""
