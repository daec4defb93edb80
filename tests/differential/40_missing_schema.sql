CREATE TABLE billing.invoices (id int);
