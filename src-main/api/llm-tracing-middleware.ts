/**
 * Nests every LLM call a tool makes inside that tool's trace, as a `generation` observation with
 * the model, token usage, cost and every attempt. It hands the tool a per-invocation view of the
 * LLM service that records on the invocation's trace context; neither the LLM proxy nor the
 * tracing layer knows about the other (they meet here, in the composition layer).
 */
import type { InvocationMiddleware } from "../core/middleware.ts";
import type { CompletionRequest, CompletionResult, LLMService } from "../llm/types.ts";
import { TRACE_SERVICE, type TraceContext } from "../tracing/trace-context.ts";

/** Must run inside the tracing middleware (which puts the trace context on the services). */
export function llmTracingMiddleware(): InvocationMiddleware {
  return (invocation, next) => {
    const trace = invocation.services[TRACE_SERVICE] as TraceContext | undefined;
    const llm = invocation.services.llm as LLMService | undefined;
    if (trace && llm) invocation.services.llm = tracedLLM(llm, trace);
    return next(invocation);
  };
}

function tracedLLM(llm: LLMService, trace: TraceContext): LLMService {
  return {
    overview: (options) => llm.overview(options),
    async complete(request: CompletionRequest): Promise<CompletionResult> {
      const observation = trace.startObservation(`llm ${request.modelGroup}`, "generation", {
        ...(request.system ? { system: request.system } : {}),
        ...(request.messages ? { messages: request.messages } : {}),
        ...(request.prompt ? { prompt: request.prompt } : {}),
      });
      let result: CompletionResult;
      try {
        result = await llm.complete(request);
      } catch (error) {
        observation.end({ level: "ERROR", statusMessage: String(error) });
        throw error;
      }
      observation.end(
        result.ok
          ? {
              output: result.text,
              metadata: {
                model: result.model,
                deployment: result.deployment,
                modelGroup: result.modelGroup,
                answeredBy: result.answeredBy,
                mode: result.mode,
                cost: result.cost,
                ...(result.usage
                  ? {
                      usage: {
                        input: result.usage.promptTokens,
                        output: result.usage.completionTokens,
                        total: result.usage.totalTokens,
                      },
                    }
                  : {}),
                attempts: result.attempts,
              },
            }
          : {
              level: "ERROR",
              statusMessage: result.error.message,
              metadata: {
                modelGroup: request.modelGroup,
                mode: result.mode,
                errorCode: result.error.code,
                attempts: result.error.attempts,
              },
            },
      );
      return result;
    },
  };
}
