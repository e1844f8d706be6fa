// The one door from the library to the shared preparation path (read → identify → price →
// redact → timeline): every kit part is made from what prepareTimeline returns, and the job
// key is taken from the recording as loaded, so repointing the path is a change to this file alone.
export { prepareSession as prepareTimeline, loadRecording, type PreparedSession as Prepared, type PrepareOptions } from '../prepare/index.js';
