export * from './types';
export { SimulatedCardReaderDriver } from './simulated';
export { ReaderSeatMap, simulatedReaderId } from './reader-map';
export { PcscCardReaderDriver } from './pcsc';
export { CompositeCardReaderDriver } from './composite';
export { RemoteCardReaderDriver, remoteReaderId } from './remote';
