import { defineConformance } from './conformance.js';

defineConformance('chromium');
