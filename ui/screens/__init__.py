"""The pages of the till window: sign-in, sale, payment, parked sales, returns."""
