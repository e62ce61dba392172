CREATE TABLE "post_like" (
	"post_id" bigint NOT NULL,
	"person_id" text NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
	"weight" smallint DEFAULT 1 NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"raw" bytea,
	"counts" integer[] NOT NULL,
	CONSTRAINT "post_like_post_id_person_id_pk" PRIMARY KEY("post_id","person_id"),
	CONSTRAINT "post_like_weight_range" CHECK (weight BETWEEN 1 AND 5)
);
ALTER TABLE "post_like" ADD CONSTRAINT "post_like_post_id_post_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."post"("id") ON DELETE cascade ON UPDATE no action;
ALTER TABLE "post_like" ADD CONSTRAINT "post_like_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE restrict ON UPDATE no action;
