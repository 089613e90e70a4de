export * from './types';
export { MicUnitSeatMap, SimulatedMicrophoneDriver } from './simulated';
