// A scenario with the generated client, run by the Wrench build (TypeScriptClientScenarioTest)
// against a running server: log in, create a work order, read it back, and see an error arrive
// as a ResponseError carrying the problem+json. It prints one JSON line of what it saw, and exits
// non-zero on any surprise.
//
//   WRENCH_URL=http://localhost:8080 WRENCH_USERNAME=admin@wrench.local WRENCH_PASSWORD=… npm run scenario
import {
  AuthApi,
  Configuration,
  IssueTokenGrantTypeEnum,
  Priority,
  ResponseError,
  WorkOrdersApi,
  WorkOrderStatus,
} from "./src/generated";

function env(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

function check(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error(`unexpected: ${what}`);
  }
}

async function main(): Promise<void> {
  const basePath = env("WRENCH_URL");
  const token = await new AuthApi(new Configuration({ basePath })).issueToken({
    grantType: IssueTokenGrantTypeEnum.Password,
    username: env("WRENCH_USERNAME"),
    password: env("WRENCH_PASSWORD"),
  });
  const workOrders = new WorkOrdersApi(
    new Configuration({ basePath, accessToken: token.accessToken }),
  );

  const created = await workOrders.createWorkOrder({
    workOrderCreate: { title: "TypeScript client belt check", priority: Priority.High },
  });
  const read = await workOrders.getWorkOrder({ id: created.id });
  check(read.id === created.id, `read back ${read.id}, created ${created.id}`);
  check(read.title === "TypeScript client belt check", `title ${read.title}`);
  check(read.status === WorkOrderStatus.Open, `status ${read.status}`);

  let problem: { status?: number; type?: string } = {};
  try {
    await workOrders.getWorkOrder({ id: "00000000-0000-4000-8000-000000000000" });
  } catch (e) {
    check(e instanceof ResponseError, `error ${String(e)}`);
    const response = (e as ResponseError).response;
    check(
      (response.headers.get("content-type") ?? "").startsWith("application/problem+json"),
      `content type ${response.headers.get("content-type")}`,
    );
    problem = (await response.json()) as { status?: number; type?: string };
  }
  check(problem.status === 404 && problem.type === "/problems/not-found", JSON.stringify(problem));

  console.log(JSON.stringify({ id: read.id, title: read.title, status: read.status, problem }));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
