// The API reference page (/api/docs): Redoc, served with the site, renders the document with its telemetry off.
import { init } from './redoc.standalone.js';

init('/api/openapi.json', { disableTelemetry: true }, document.getElementById('redoc'));
