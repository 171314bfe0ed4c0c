// @certdesk/etk-depot/testing: the depot's local replay, for the tests and benchmarks of every package that asks it.
export {
  type EtkDepotReplay,
  type EtkDepotReplayOptions,
  type PublishedEtk,
  type ReplayAnswer,
  type ReplayRequest,
  depotAnswers,
  startEtkDepotReplay,
} from './replay-server.js';
