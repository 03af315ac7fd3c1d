/**
 * The {@code anthropic} provider plugin: Anthropic API keys and every endpoint that speaks Anthropic's Messages API
 * (DeepSeek, Moonshot Kimi, Zhipu GLM, MiniMax, ...). Anthropic clients are relayed with only the declared edits;
 * OpenAI clients are converted through the canonical model with the wire library's Anthropic codecs. Built on the
 * SPI, the wire library and jakarta.json only; see {@code plugins/anthropic/README.md}.
 */
package dev.switchboard.plugin.anthropic;
