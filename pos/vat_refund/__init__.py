"""VAT refunds for foreigners taking goods bought in Vietnam out of the country (docs/vat-refund.md).

``rules`` decides whether a sale qualifies and by how much (pure); ``forms`` keeps the store's enrolment, issues and
stores the refund form with the sale, lays it out for the till's printer and lists the forms for the refunding bank.
"""
