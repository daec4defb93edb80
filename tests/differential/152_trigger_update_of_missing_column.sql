-- CREATE TRIGGER … UPDATE OF names columns of the table: a missing one is refused (42703).
CREATE TABLE metrics ("postId" int, "likeCount" int);
CREATE FUNCTION sync_metrics() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER sync_likes AFTER UPDATE OF "likeCount" ON metrics FOR EACH ROW EXECUTE FUNCTION sync_metrics();
CREATE TRIGGER sync_all AFTER INSERT OR UPDATE OF "likeCount", "reactionCount" ON metrics
FOR EACH ROW EXECUTE FUNCTION sync_metrics();
