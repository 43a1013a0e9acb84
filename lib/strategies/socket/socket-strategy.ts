import type { Strategy } from "../types";
import { createSocketStrategy } from "./create-socket-strategy";

/** Builds on the host's Docker Engine through its socket, configured from the environment. */
export const socketStrategy: Strategy = createSocketStrategy();
