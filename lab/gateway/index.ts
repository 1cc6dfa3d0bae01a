/** The gateway lab: `runGatewayLab(loadGatewayLabInputs(projectDir, stack, "out/STACK"))`. */
export * from "./inputs";
export * from "./topology";
export * from "./run";
export * from "./preflight";
