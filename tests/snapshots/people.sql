CREATE TABLE "people" (
	"id" text PRIMARY KEY NOT NULL,
	"email" varchar(100) NOT NULL,
	"nick" text,
	CONSTRAINT "people_email_unique" UNIQUE("email")
);
