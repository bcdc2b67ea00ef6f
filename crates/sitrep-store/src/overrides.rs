//! Analyst overrides and snapshots: small tables beside the documents
//! (schema step 3). The store only keeps them; fuse applies overrides and
//! computes what changed between snapshots.

use rusqlite::params;
use sitrep_core::overrides::{Anchor, Baseline, Correction, Override, Snapshot, TopicState};

use crate::{Store, StoreError};

/// The current time as the store writes it (UTC, RFC 3339).
const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

impl Store {
    fn data_err(&self, message: String) -> StoreError {
        StoreError::Data { path: self.path.clone(), message }
    }

    fn json_of<T: serde::Serialize>(&self, value: &T) -> Result<String, StoreError> {
        serde_json::to_string(value).map_err(|e| self.data_err(e.to_string()))
    }

    fn parse_json<T: serde::de::DeserializeOwned>(&self, what: &str, text: &str) -> Result<T, StoreError> {
        serde_json::from_str(text).map_err(|e| self.data_err(format!("{what}: {e}")))
    }

    /// Store a correction made by `author` now, with the topics it names
    /// and their claims at the time (`anchors`); the stored override.
    pub fn add_override(&mut self, correction: Correction, author: &str, note: Option<&str>, anchors: Vec<Anchor>) -> Result<Override, StoreError> {
        let (c, a) = (self.json_of(&correction)?, self.json_of(&anchors)?);
        let (id, at): (i64, String) = self
            .conn
            .query_row(
                &format!("INSERT INTO overrides (correction, anchors, author, at, note) VALUES (?1, ?2, ?3, {NOW}, ?4) RETURNING id, at"),
                params![c, a, author, note],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(|e| self.err(e))?;
        Ok(Override { id, correction, author: author.to_string(), at, note: note.map(String::from), anchors })
    }

    /// Every stored override, oldest first.
    pub fn overrides(&self) -> Result<Vec<Override>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT id, correction, anchors, author, at, note FROM overrides ORDER BY id").map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
            .map_err(|e| self.err(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))?;
        rows.into_iter()
            .map(|(id, c, a, author, at, note)| {
                Ok(Override {
                    id,
                    correction: self.parse_json(&format!("override {id}"), &c)?,
                    anchors: self.parse_json(&format!("override {id} anchors"), &a)?,
                    author,
                    at,
                    note,
                })
            })
            .collect()
    }

    /// Remove the override `id`; false when there is none.
    pub fn remove_override(&mut self, id: i64) -> Result<bool, StoreError> {
        self.conn.execute("DELETE FROM overrides WHERE id = ?1", [id]).map(|n| n > 0).map_err(|e| self.err(e))
    }

    /// A hash of the corpus: BLAKE3 over the sorted content hashes of the
    /// stored documents (hex), equal for equal sets of documents.
    pub fn corpus_hash(&self) -> Result<String, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT hash FROM documents ORDER BY hash").map_err(|e| self.err(e))?;
        let mut hasher = blake3::Hasher::new();
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            hasher.update(&row.get::<_, Vec<u8>>(0).map_err(|e| self.err(e))?);
        }
        Ok(hasher.finalize().to_hex().to_string())
    }

    /// Save (or replace) the snapshot `name` of a fused report's topics,
    /// with the sitrep `version` and the corpus hash; the saved snapshot.
    pub fn save_snapshot(&mut self, name: &str, version: &str, topics: Vec<TopicState>) -> Result<Snapshot, StoreError> {
        let (hash, documents, json) = (self.corpus_hash()?, self.len()?, self.json_of(&topics)?);
        let saved_at: String = self
            .conn
            .query_row(
                &format!(
                    "INSERT OR REPLACE INTO snapshots (name, saved_at, version, corpus_hash, documents, topics)
                     VALUES (?1, {NOW}, ?2, ?3, ?4, ?5) RETURNING saved_at"
                ),
                params![name, version, hash, documents as i64, json],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        Ok(Snapshot { name: name.to_string(), saved_at, version: version.to_string(), corpus_hash: hash, documents, topics })
    }

    /// Every snapshot, oldest first.
    pub fn snapshots(&self) -> Result<Vec<Snapshot>, StoreError> {
        self.read_snapshots(None)
    }

    /// The snapshot `name`, if saved.
    pub fn snapshot(&self, name: &str) -> Result<Option<Snapshot>, StoreError> {
        Ok(self.read_snapshots(Some(name))?.pop())
    }

    /// What "changes since snapshot `name`" compares with: the snapshot
    /// described (with whether the corpus is still the one it was taken of)
    /// and its topics; `None` if no snapshot has that name.
    pub fn baseline(&self, name: &str) -> Result<Option<(Baseline, Vec<TopicState>)>, StoreError> {
        let Some(s) = self.snapshot(name)? else { return Ok(None) };
        let corpus_unchanged = s.corpus_hash == self.corpus_hash()?;
        let b = Baseline::Snapshot { snapshot: s.name, saved_at: s.saved_at, version: s.version, corpus_hash: s.corpus_hash, corpus_unchanged };
        Ok(Some((b, s.topics)))
    }

    fn read_snapshots(&self, name: Option<&str>) -> Result<Vec<Snapshot>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT name, saved_at, version, corpus_hash, documents, topics FROM snapshots
                 WHERE ?1 IS NULL OR name = ?1 ORDER BY saved_at, name",
            )
            .map_err(|e| self.err(e))?;
        let rows: Vec<_> = stmt
            .query_map([name], |r| {
                Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, i64>(4)?, r.get::<_, String>(5)?))
            })
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        rows.into_iter()
            .map(|(name, saved_at, version, corpus_hash, documents, topics)| {
                let topics = self.parse_json(&format!("snapshot {name}"), &topics)?;
                Ok(Snapshot { name, saved_at, version, corpus_hash, documents: documents.max(0) as usize, topics })
            })
            .collect()
    }
}
