// Pulumi entry point: the program is a function so that Pulumi runs it inside the stack and
// `npm run plan` / the tests can run it again for each stack under mocks.
import { hybridStackProgram } from "./stacks/program";

export = hybridStackProgram;
