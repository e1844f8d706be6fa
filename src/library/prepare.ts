// The one door from the library to the shared preparation path (load → identify → redact →
// timeline): every kit part is made from what prepareTimeline returns, and the job key is taken
// from the same loaded recording, so repointing the path is a change to this file alone.
export { prepareTimeline, type Prepared, type PrepareOptions } from '../cli/session-timeline.js';
export { loadRecording } from '../ingest/index.js';
