using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentChat.Api.Data.Migrations
{
    /// <inheritdoc />
    public partial class AgentToolsAndAnswerDetails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "InputTokens",
                table: "messages",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "OutputTokens",
                table: "messages",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Reasoning",
                table: "messages",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReasoningMs",
                table: "messages",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ToolCalls",
                table: "messages",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "TotalTokens",
                table: "messages",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "Tools",
                table: "agents",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.CreateTable(
                name: "mcp_servers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mcp_servers", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_messages_Content",
                table: "messages",
                column: "Content")
                .Annotation("Npgsql:IndexMethod", "GIN")
                .Annotation("Npgsql:TsVectorConfig", "simple");

            migrationBuilder.CreateIndex(
                name: "IX_mcp_servers_Name",
                table: "mcp_servers",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "mcp_servers");

            migrationBuilder.DropIndex(
                name: "IX_messages_Content",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "InputTokens",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "OutputTokens",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "Reasoning",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "ReasoningMs",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "ToolCalls",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "TotalTokens",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "Tools",
                table: "agents");
        }
    }
}
