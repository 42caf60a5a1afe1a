// Public surface of the ambiguity measures (pure functions over plain arrays).
export * from "./distribution";
export * from "./agreement";
export * from "./bootstrap";
export * from "./dawid-skene";
export * from "./profiles";
export * from "./calibration";
export * from "./histogram";
export * from "./summary";
export * from "./dirichlet";
export * from "./dirichlet-entropy";
export * from "./special-functions";
export * from "./gold-score";
