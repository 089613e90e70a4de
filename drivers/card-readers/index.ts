export * from './types';
export { SimulatedCardReaderDriver } from './simulated';
export { ReaderSeatMap, simulatedReaderId } from './reader-map';
