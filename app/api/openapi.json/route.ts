// GET /api/openapi.json - the OpenAPI 3.1 document of this API (public: it describes, it holds no data).
import { NextResponse } from "next/server";
import { route } from "@/lib/http/route";
import { openApiDocument } from "@/lib/openapi/document";

export const GET = route(async () => NextResponse.json(openApiDocument()));
