// A real PostgreSQL for the collection tests: it-tests' PostgresLauncher (embedded PostgreSQL from
// Maven, or the server KANAL_TEST_PG_URL names) runs beside the suite and creates one fresh
// database per request.

import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { JS_DIR, withTimeout } from "./server.js";

const TARGET = path.resolve(JS_DIR, "..", "target");
let launcher = null;
let lines = null;
let databases = 0;

function start() {
  const classpathFile = path.join(TARGET, "test-classpath.txt");
  if (!fs.existsSync(classpathFile)) {
    throw new Error(`${classpathFile} is missing: run the suite through Maven (mvn verify)`);
  }
  const classpath = [path.join(TARGET, "test-classes"), fs.readFileSync(classpathFile, "utf8").trim()].join(path.delimiter);
  launcher = spawn("java", ["-cp", classpath, "dev.kanal.it.PostgresLauncher"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  launcher.unref();
  launcher.stdin.unref?.();
  launcher.stdout.unref?.();
  const reader = readline.createInterface({ input: launcher.stdout });
  const waiting = [];
  // The embedded server logs to the same stdout; answers start with "database".
  reader.on("line", (line) => {
    if (line.startsWith("database")) waiting.shift()?.(line);
  });
  lines = () => new Promise((resolve) => waiting.push(resolve));
  process.on("exit", () => launcher.kill("SIGKILL"));
}

/** A new, empty PostgreSQL database: the env a Kanal node needs to journal into it. */
export async function freshPostgres() {
  if (!launcher) start();
  databases += 1;
  const answer = lines();
  launcher.stdin.write(`kanal_e2e_${process.pid}_${databases}\n`);
  const line = await withTimeout(answer, 120_000, "PostgreSQL to create a database");
  if (line.startsWith("database-error")) throw new Error(line);
  const [, url, user, password = ""] = line.split(" ");
  return { KANAL_DB_URL: url, KANAL_DB_USER: user, KANAL_DB_PASSWORD: password };
}
